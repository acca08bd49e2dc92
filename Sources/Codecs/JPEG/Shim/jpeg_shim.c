#include "jpeg_shim.h"
int imago_jpeg_shim_placeholder(void) { return 0; }

#include "tiff_shim.h"
int imago_tiff_shim_placeholder(void) { return 0; }

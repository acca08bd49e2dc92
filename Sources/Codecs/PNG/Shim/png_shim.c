#include "png_shim.h"
int imago_png_shim_placeholder(void) { return 0; }

#include "webp_shim.h"
int imago_webp_shim_placeholder(void) { return 0; }

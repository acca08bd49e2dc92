int imago_png_shim_placeholder(void);

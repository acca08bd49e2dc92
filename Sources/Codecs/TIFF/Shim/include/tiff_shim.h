int imago_tiff_shim_placeholder(void);

int imago_jpeg_shim_placeholder(void);

int imago_webp_shim_placeholder(void);

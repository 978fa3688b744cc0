"""The default steps, one module each; :func:`cleantext.build.build_pipeline` orders them."""

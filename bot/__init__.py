"""The citizen side: flow engine, flows, channels and language catalogs."""

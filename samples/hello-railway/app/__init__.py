"""hello-railway: a tiny web service used to demonstrate RailwayOps against the emulator."""

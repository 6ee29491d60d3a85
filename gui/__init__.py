"""The Qt layer of ReviewDesk: everything a reviewer sees. ``core`` never imports this."""

"""The coverage lookup: which cameras see an address, a point or a commune at a time."""

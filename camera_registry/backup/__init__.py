"""Backups and restores of the whole registry, and checksums to prove them."""

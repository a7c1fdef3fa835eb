"""Users, their roles and commune scopes, and their API keys."""

"""The gazetteer: hamlets, streets, landmarks and house addresses."""

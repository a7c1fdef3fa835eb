"""Camera sites: poles and buildings carrying several cameras at one position."""

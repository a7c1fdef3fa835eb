"""Administrative units: provinces, districts and communes, with their history."""

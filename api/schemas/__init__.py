"""Request and response models of the staff API."""

"""The settings dialog and the hardware test, with the device previews they share."""

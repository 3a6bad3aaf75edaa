"""SMS: rendering with segment counts and the Twilio client."""

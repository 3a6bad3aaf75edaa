"""The staff web console under ``/console/``: server-rendered pages over the same storage services as the API."""

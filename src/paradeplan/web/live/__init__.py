"""The live day on the server (issue 12): its days and records in the database (store.py), the day in this process's
memory with its forecast (days.py), the screens' event stream (hub.py) and the API (routes.py)."""

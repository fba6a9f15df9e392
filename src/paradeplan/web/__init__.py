"""The browser workspace: `paradeplan serve` runs `web.app.create_app(settings)` with uvicorn.

Kept free of imports so that the command line can read `web.settings` without loading the web stack.
"""

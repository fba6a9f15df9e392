"""Browser tests: the real server driven by Playwright in Debian's chromium; a package so its fixtures end with it."""

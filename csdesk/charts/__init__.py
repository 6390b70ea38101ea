"""Charts as matplotlib Figures built from plain data: no Qt, no database, no pyplot.

The same figure is shown in the app (embedded in Qt), saved as PNG/SVG by the command line, and
embedded in Word documents.
"""

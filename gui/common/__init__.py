"""What every page of the window shares: the main window, the page switcher, the action registry and
key router, zoom, focus frame, the timeline, the training worker, the explanation panel, layouts, colours
and number formats."""

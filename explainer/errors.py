"""The one error type for model files that cannot be used (refused, damaged, foreign, unsafe).

Its own module so the file readers, the weight checks and the checkpoint loader can all raise
it without importing each other; the window and the command line catch it and show its words.
"""


class CheckpointError(ValueError):
    """A model file that cannot be used, with a message a person can act on."""

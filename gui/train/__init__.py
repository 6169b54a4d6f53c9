"""The Train page: watch a model learn, from random numbers to stories, and rewind it."""

"""The Align page: the alignment pipeline run live, rated by people, looked inside, and over-optimised."""

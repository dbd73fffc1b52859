"""The synthetic scenario generator: people, employers, origins, fleet and the files of a folder."""

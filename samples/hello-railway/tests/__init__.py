"""hello-railway's own tests: `python3 -m unittest discover -s tests -t .` from the sample's folder."""

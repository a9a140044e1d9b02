"""`make calibrate`: a few pages of the site say what each site profile entry should be."""

# Read by every user's server (JUPYTER_CONFIG_PATH set in deploy/jupyterhub_config.py and the
# image). Voila as a server extension would load MathJax from cdnjs on every page; standalone
# Voila (`make serve`) does not. None for both turns it off: no request leaves the server.
c = get_config()  # noqa: F821
c.ServerApp.tornado_settings = {"mathjax_url": None, "mathjax_config": None}

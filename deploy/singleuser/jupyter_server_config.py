# Every user's server under JupyterHub reads this file (JUPYTER_CONFIG_PATH, set by
# deploy/jupyterhub_config.py and by the image, deploy/Dockerfile): the kit's Voila settings
# as `make serve` uses them, and nothing of Jupyter a trainee does not need.
from ocop_kit.serving import SETTINGS

c = get_config()  # noqa: F821 - jupyter_server provides it

# Template, execution timeouts, kernel client and kernel culling (ocop_kit.serving.SETTINGS);
# kernels over loopback TCP: a user's home can be too deep for Unix socket paths (107 bytes).
for option, value in (*SETTINGS, ("KernelManager.transport", "tcp"), ("KernelManager.ip", "127.0.0.1")):
    section, name = option.split(".")
    setattr(getattr(c, section), name, value)

# Voila only: no terminals, no JupyterLab or classic notebook pages.
c.ServerApp.terminals_enabled = False
c.ServerApp.jpserver_extensions = {"voila": True, "jupyterlab": False, "notebook": False, "jupyter_lsp": False,
                                   "notebook_shim": False, "jupyter_server_terminals": False}
# Voila as a server extension would load MathJax from cdnjs on every page; standalone Voila
# (`make serve`) does not. None for both turns it off: no request leaves the server.
c.ServerApp.tornado_settings = {"mathjax_url": None, "mathjax_config": None}

# Installed by the Syria course into its Python environment (etc/ipython): every kernel started
# from that environment loads lessons.kernel, so a cell run before the cells above it shows a
# plain sentence ("run the cells above first"), not a NameError traceback.
c = get_config()  # noqa: F821 - IPython provides get_config in its configuration files
c.InteractiveShellApp.extensions.append("lessons.kernel")

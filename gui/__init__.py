"""gui: the Qt views of explainer. Views draw engine objects and subscribe to their changes."""

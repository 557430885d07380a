"""The explorer: a small Streamlit app over the warehouse, read-only (`make explore`)."""

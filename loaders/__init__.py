"""Loaders: departmental budget disclosures (部门预算公开) as text -> raw Parquet."""

"""Demo data: Cẩm Thủy (Thanh Hóa) and Đắk Nông, reproducing their published figures.

``camera_registry.demo.generate.generate()`` builds the whole data set as plain
records (no database); the demo loader writes them.
"""

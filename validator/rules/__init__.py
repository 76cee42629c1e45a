"""Rule implementations, one module per family; ``validator.registry`` lists them."""

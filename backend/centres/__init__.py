"""Community health centres (where residents' family doctors are) and screening centres."""

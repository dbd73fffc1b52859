"""Who may board and where: screening and pickup-point choice (nearest, optimized)."""

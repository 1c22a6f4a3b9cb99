"""The ShopExpress handheld's screen (`pos --mode shopexpress`)."""

"""Article page → text and metadata: printed dates (Gregorian, Jalali, relative), language."""

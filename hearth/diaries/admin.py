"""Nothing of the diary is registered in Django's admin: its content is for its author and whom they share with."""

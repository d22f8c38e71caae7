"""A real password hasher that counts how many passwords it hashed (for the sign-up tests)."""

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingMD5PasswordHasher(MD5PasswordHasher):
    """Django's MD5 hasher (the test suite's), counting its ``encode`` calls."""

    encoded = 0

    def encode(self, password, salt):
        type(self).encoded += 1
        return super().encode(password, salt)

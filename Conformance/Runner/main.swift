import Imago
print("conformance: not implemented yet")

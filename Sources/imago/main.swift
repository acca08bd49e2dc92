import Imago
print("imago: not implemented yet")

def acting(request):
    return {"acting": getattr(request, "acting", None)}

"""A small FastAPI app whose OpenAPI 3.1 description is a fixture of apigen's 3.1 input.

Run `python app.py > ../../crates/apigen-emit/tests/fixtures/fastapi_pets.json` in a virtual
environment with `fastapi` and `python-multipart` installed (see README.md beside this file).
"""

import json
import sys
from datetime import datetime
from enum import Enum
from typing import Annotated, Literal, Optional, Union
from uuid import UUID

from fastapi import FastAPI, File, Form, HTTPException, Query, UploadFile
from pydantic import BaseModel, Field

app = FastAPI(title="Pet Clinic", version="1.0.0", description="A FastAPI-generated 3.1 fixture.")


class Species(str, Enum):
    """What kind of animal a pet is."""

    dog = "dog"
    cat = "cat"
    parrot = "parrot"


class Priority(int, Enum):
    low = 1
    normal = 2
    urgent = 3


class Owner(BaseModel):
    """A person who brings pets to the clinic."""

    id: UUID
    name: str = Field(min_length=1, max_length=100)
    email: Optional[str] = None
    phone: str | None = Field(default=None, description="Digits only.")


class PetCreate(BaseModel):
    name: str = Field(min_length=1, examples=["Rex"])
    species: Species
    birth_year: int | None = Field(default=None, ge=1900, lt=2100)
    weight_kg: float = Field(gt=0, le=500)
    tags: list[str] = []
    owner_id: UUID | None = None


class Pet(PetCreate):
    id: int
    created_at: datetime
    owner: Owner | None = None


class Dog(BaseModel):
    kind: Literal["dog"]
    good_boy: bool = True


class Cat(BaseModel):
    kind: Literal["cat"]
    lives_left: int = Field(default=9, ge=0, le=9)


class Visit(BaseModel):
    pet_id: int
    priority: Priority = Priority.normal
    notes: str | None = None
    patient: Annotated[Union[Dog, Cat], Field(discriminator="kind")]


class Photo(BaseModel):
    pet_id: int
    size_bytes: int
    content_type: str


@app.get("/pets", response_model=list[Pet], operation_id="listPets")
def list_pets(
    species: Species | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: int = 0,
) -> list[Pet]:
    """List the pets, optionally of one species."""
    return []


@app.post("/pets", response_model=Pet, status_code=201, operation_id="createPet")
def create_pet(pet: PetCreate) -> Pet:
    raise HTTPException(status_code=501)


@app.get("/pets/{pet_id}", response_model=Pet, operation_id="getPet")
def get_pet(pet_id: int) -> Pet:
    raise HTTPException(status_code=404)


@app.delete("/pets/{pet_id}", status_code=204, operation_id="deletePet")
def delete_pet(pet_id: int) -> None:
    return None


@app.post("/pets/{pet_id}/photo", response_model=Photo, operation_id="uploadPhoto")
async def upload_photo(
    pet_id: int,
    file: Annotated[UploadFile, File(description="The picture.")],
    caption: Annotated[str | None, Form()] = None,
) -> Photo:
    raise HTTPException(status_code=501)


@app.post("/visits", response_model=Visit, operation_id="bookVisit")
def book_visit(visit: Visit) -> Visit:
    return visit


@app.get("/owners/{owner_id}", response_model=Owner, operation_id="getOwner")
def get_owner(owner_id: UUID) -> Owner:
    raise HTTPException(status_code=404)


if __name__ == "__main__":
    json.dump(app.openapi(), sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")

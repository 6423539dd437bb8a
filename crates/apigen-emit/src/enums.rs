//! String and integer enums that tolerate values the spec does not list.
//!
//! Each enum has an `Unknown` variant holding the value as sent. Reading a response keeps an
//! unlisted value there (servers add values all the time); the generated server reads requests
//! inside `apigen_runtime::enum_values::strict_enums`, where an unlisted value is an error, so
//! requests stay strict. The choice is made by `apigen_runtime::enum_values::unknown_value`.

use apigen_model::ir::{IntegerVariant, RustIdent, StringVariant};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::docs::doc_lines;
use crate::rust_types::ident;

/// `Unknown`, or `Unknown` with `_` appended until no listed variant has the name.
fn unknown_variant<'a>(names: impl Iterator<Item = &'a RustIdent>) -> Ident {
    let taken: Vec<&str> = names.map(RustIdent::name).collect();
    let mut name = "Unknown".to_owned();
    while taken.contains(&name.as_str()) {
        name.push('_');
    }
    Ident::new(&name, Span::call_site())
}

/// A string enum: one variant per listed value, and `Unknown(String)`.
pub fn string_enum(name: &Ident, doc: TokenStream, variants: &[StringVariant]) -> TokenStream {
    let unknown = unknown_variant(variants.iter().map(|v| &v.rust_name));
    let defs = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = match &v.description {
            Some(description) => doc_lines(description),
            None => doc_lines(&format!("`{}`", v.wire_value)),
        };
        quote!(#doc #variant,)
    });
    let to_wire = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire_value;
        quote!(Self::#variant => #wire,)
    });
    let from_wire = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire_value;
        quote!(#wire => Self::#variant,)
    });
    let expected = variants.iter().map(|v| &v.wire_value);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#defs)*
            /// A value the spec does not list, as received (a server may add values; the
            /// generated server refuses them in requests).
            #unknown(String),
        }

        impl #name {
            /// The values the spec lists, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#expected),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(match value.as_str() {
                    #(#from_wire)*
                    _ => Self::#unknown(apigen_runtime::enum_values::unknown_value(value, Self::VALUES)?),
                })
            }
        }
    }
}

/// An integer enum: one variant per listed value, and `Unknown(i64)`.
pub fn integer_enum(
    type_name: &RustIdent,
    doc: TokenStream,
    variants: &[IntegerVariant],
) -> TokenStream {
    let name = ident(type_name);
    let unknown = unknown_variant(variants.iter().map(|v| &v.rust_name));
    let defs = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = match &v.description {
            Some(description) => doc_lines(&format!("`{}`: {description}", v.value)),
            None => doc_lines(&format!("`{}`", v.value)),
        };
        quote!(#doc #variant,)
    });
    let to_value = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = Literal::i64_unsuffixed(v.value);
        quote!(Self::#variant => #value,)
    });
    let from_value = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = Literal::i64_unsuffixed(v.value);
        quote!(#value => Self::#variant,)
    });
    let type_text = type_name.name();
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#defs)*
            /// A value the spec does not list, as received (a server may add values; the
            /// generated server refuses them in requests).
            #unknown(i64),
        }

        impl #name {
            /// The number sent on the wire.
            pub const fn value(self) -> i64 {
                match self {
                    #(#to_value)*
                    Self::#unknown(value) => value,
                }
            }

            /// The variant for a number (`Unknown` when the spec does not list it).
            pub const fn from_value(value: i64) -> Self {
                match value {
                    #(#from_value)*
                    other => Self::#unknown(other),
                }
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = i64::deserialize(deserializer)?;
                Ok(match Self::from_value(value) {
                    Self::#unknown(value) => {
                        Self::#unknown(apigen_runtime::enum_values::unknown_integer(value, #type_text)?)
                    }
                    known => known,
                })
            }
        }
    }
}

/// `Serialize` of an untagged union: each variant as its value.
pub fn untagged_serialize<'a>(
    name: &Ident,
    variants: impl Iterator<Item = &'a RustIdent>,
) -> TokenStream {
    let arms = variants.map(|variant| {
        let variant = ident(variant);
        quote!(Self::#variant(value) => value.serialize(serializer),)
    });
    quote! {
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// `Deserialize` of an untagged union through the derived one (`remote = "Self"`), trying the
/// alternatives with unknown enum values refused first, so that an alternative listing the
/// value wins over an earlier one that would keep it as unknown.
pub fn untagged_deserialize(name: &Ident) -> TokenStream {
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                apigen_runtime::enum_values::prefer_known(|| #name::deserialize(&value))
                    .map_err(serde::de::Error::custom)
            }
        }
    }
}

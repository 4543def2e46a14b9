//! Emits S3's upload in parts, `Client::upload_in_parts`: the generated multipart operations driven by the runtime's `upload_parts`, the upload aborted when a step fails (a customization of the SDKs' transfer helpers).

use super::runtime_symbols::*;
use crate::ir::Service;
use proc_macro2::TokenStream;
use quote::quote;

/// `impl Client { upload_in_parts }`, for a service with S3's four multipart operations.
pub fn upload_in_parts(service: &Service) -> Option<TokenStream> {
    if !service.multipart_upload {
        return None;
    }
    let types = &super::root(service).types;
    Some(quote! {
        impl Client {
            /// Uploads `body` to `key` in `bucket` in parts of `part_size` bytes (S3 takes at
            /// least 5 MiB for each part but the last), `concurrency` of them at once: creates
            /// the multipart upload, sends each part as the body is read (each with its
            /// checksum), and completes the upload. If a step fails the upload is aborted, so
            /// no part stays stored, and the error names the step. Memory holds at most
            /// `concurrency` parts and the one being read.
            pub async fn upload_in_parts(
                &self,
                bucket: &str,
                key: &str,
                body: impl Into<#STREAMING_BODY::StreamingBody>,
                part_size: usize,
                concurrency: usize,
            ) -> Result<#types::CompleteMultipartUploadOutput, #MULTIPART::PartsError> {
                let created = self
                    .create_multipart_upload()
                    .bucket(bucket)
                    .key(key)
                    .send()
                    .await
                    .map_err(|e| #MULTIPART::PartsError::new("CreateMultipartUpload", e))?;
                let upload_id = created.upload_id.ok_or_else(|| {
                    #MULTIPART::PartsError::new("CreateMultipartUpload", "the response has no upload id")
                })?;
                let parts = #MULTIPART::upload_parts(body.into(), part_size, concurrency, |number, bytes| {
                    // Each part's upload runs as a task of its own, with its own handles.
                    let (client, bucket, key, upload_id) =
                        (self.clone(), bucket.to_owned(), key.to_owned(), upload_id.clone());
                    async move {
                        let part = client
                            .upload_part()
                            .bucket(bucket)
                            .key(key)
                            .upload_id(upload_id)
                            .part_number(number)
                            .body(bytes)
                            .send()
                            .await
                            .map_err(|e| #MULTIPART::PartsError::new(format!("UploadPart {number}"), e))?;
                        #types::CompletedPart::builder()
                            .part_number(number)
                            .set_e_tag(part.e_tag)
                            .set_checksum_crc32(part.checksum_crc32)
                            .build()
                            .map_err(|e| #MULTIPART::PartsError::new(format!("UploadPart {number}"), e))
                    }
                })
                .await;
                let completed = match parts {
                    Ok(parts) => {
                        self.complete_multipart_upload()
                            .bucket(bucket)
                            .key(key)
                            .upload_id(&upload_id)
                            .multipart_upload(
                                #types::CompletedMultipartUpload::builder()
                                    .set_parts(Some(parts))
                                    .build()
                                    .map_err(|e| #MULTIPART::PartsError::new("CompleteMultipartUpload", e))?,
                            )
                            .send()
                            .await
                            .map_err(|e| #MULTIPART::PartsError::new("CompleteMultipartUpload", e))
                    }
                    Err(e) => Err(e),
                };
                if completed.is_err() {
                    // Whatever failed, no part is left stored; the first failure is the one
                    // reported.
                    let _ = self
                        .abort_multipart_upload()
                        .bucket(bucket)
                        .key(key)
                        .upload_id(&upload_id)
                        .send()
                        .await;
                }
                completed
            }
        }
    })
}

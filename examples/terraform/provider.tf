terraform {
  required_providers {
    huaweicloud = {
      source = "huaweicloud/huaweicloud"
    }
  }
}

# The keys and project id that `linkplane credentials` prints (or TF_VAR_access_key and so on).
variable "access_key" {}
variable "secret_key" {}
variable "project_id" {}

provider "huaweicloud" {
  region     = "cn-north-4"
  access_key = var.access_key
  secret_key = var.secret_key
  project_id = var.project_id
  auth_url   = "http://127.0.0.1:8080/v3"

  # linkplane answers every service on one address, over plain HTTP: an endpoint that starts with
  # http:// is used as written (nothing else is needed for plain HTTP; `insecure` only concerns TLS).
  endpoints = {
    iam = "http://127.0.0.1:8080/"
    vpc = "http://127.0.0.1:8080/"
    esw = "http://127.0.0.1:8080/"
    eg  = "http://127.0.0.1:8080/"
    fgs = "http://127.0.0.1:8080/"
    cs  = "http://127.0.0.1:8080/"
  }

  # Two start-up calls go to Huawei's public addresses unless skipped: the website probe (BSS) and the
  # provider's version check.
  skip_check_website_type = true
  skip_check_upgrade      = true
}

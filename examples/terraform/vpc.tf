resource "huaweicloud_vpc" "example" {
  name            = "example-vpc"
  cidr            = "192.168.0.0/16"
  secondary_cidrs = ["10.10.0.0/16"]

  tags = {
    env = "dev"
  }
}

resource "huaweicloud_vpc_subnet" "example" {
  name       = "example-subnet"
  vpc_id     = huaweicloud_vpc.example.id
  cidr       = "10.10.1.0/24"
  gateway_ip = "10.10.1.1"

  tags = {
    env = "dev"
  }
}

resource "huaweicloud_vpc" "fgs" {
  name = "fgs-vpc"
  cidr = "10.20.0.0/16"
}

resource "huaweicloud_vpc_subnet" "fgs" {
  name       = "fgs-subnet"
  cidr       = "10.20.1.0/24"
  gateway_ip = "10.20.1.1"
  vpc_id     = huaweicloud_vpc.fgs.id
}

resource "huaweicloud_fgs_vpc_endpoint" "test" {
  vpc_id    = huaweicloud_vpc.fgs.id
  subnet_id = huaweicloud_vpc_subnet.fgs.id
}
